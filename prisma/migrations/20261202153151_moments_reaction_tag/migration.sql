-- AlterTable
ALTER TABLE "corp_settings" ADD COLUMN     "moments_reaction_tag_id" TEXT;

