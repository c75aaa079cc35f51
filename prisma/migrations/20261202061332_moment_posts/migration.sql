-- AlterTable
ALTER TABLE "corp_settings" ADD COLUMN     "moments_synced_until" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "moment_post" (
    "id" UUID NOT NULL,
    "moment_id" TEXT NOT NULL,
    "creator_userid" TEXT NOT NULL,
    "guide_id" UUID,
    "create_type" SMALLINT NOT NULL,
    "visible_type" SMALLINT NOT NULL,
    "posted_at" TIMESTAMPTZ(3) NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "attachments" JSONB NOT NULL DEFAULT '{}',
    "deleted_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "moment_post_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "moment_post_moment_id_key" ON "moment_post"("moment_id");

-- CreateIndex
CREATE INDEX "moment_post_guide_id_posted_at_idx" ON "moment_post"("guide_id", "posted_at");

-- CreateIndex
CREATE INDEX "moment_post_posted_at_idx" ON "moment_post"("posted_at");

-- AddForeignKey
ALTER TABLE "moment_post" ADD CONSTRAINT "moment_post_guide_id_fkey" FOREIGN KEY ("guide_id") REFERENCES "guide"("id") ON DELETE SET NULL ON UPDATE CASCADE;

