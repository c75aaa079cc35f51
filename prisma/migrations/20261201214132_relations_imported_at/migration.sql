-- AlterTable
ALTER TABLE "corp_settings" ADD COLUMN     "relations_imported_at" TIMESTAMPTZ(3);

