-- AlterTable
ALTER TABLE "welcome_message" ADD COLUMN     "claimed_until" TIMESTAMPTZ(3);

