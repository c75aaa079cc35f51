-- AlterTable
ALTER TABLE "corp_settings" ADD COLUMN     "moments_plan" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "moments_rules" JSONB NOT NULL DEFAULT '{}';

