-- AlterEnum
ALTER TYPE "welcome_status" ADD VALUE 'DUPLICATE';

-- AlterTable
ALTER TABLE "callback_event" ADD COLUMN     "retry_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "welcome_message" ADD COLUMN     "duplicate_of_id" UUID,
ALTER COLUMN "welcome_code" DROP NOT NULL;

-- Events that failed for a passing reason within the last two days are tried again: those with attempts left
-- (before, the reconciler retried them), and those our own rate limit refused until their attempts ran out.
UPDATE "callback_event" SET "retry_at" = now()
WHERE "status" = 'FAILED' AND "received_at" > now() - interval '2 days'
  AND ("attempts" < 5 OR "error" LIKE '%local rate limit reached%');
