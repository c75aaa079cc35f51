-- AlterTable
ALTER TABLE "moment_post" ADD COLUMN     "library_item_id" UUID;

-- CreateTable
CREATE TABLE "moment_library_item" (
    "id" UUID NOT NULL,
    "kind" "moment_kind" NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "media" JSONB NOT NULL DEFAULT '{"type":"none"}',
    "product" TEXT,
    "selling_point" TEXT,
    "audience_tag_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "valid_from" DATE NOT NULL,
    "valid_until" DATE,
    "created_by" TEXT NOT NULL,
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "moment_library_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "moment_share" (
    "id" UUID NOT NULL,
    "guide_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "via" TEXT NOT NULL,
    "shared_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "post_id" UUID,
    "confirmed_at" TIMESTAMPTZ(3),

    CONSTRAINT "moment_share_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "moment_library_item_kind_valid_from_idx" ON "moment_library_item"("kind", "valid_from");

-- CreateIndex
CREATE UNIQUE INDEX "moment_share_post_id_key" ON "moment_share"("post_id");

-- CreateIndex
CREATE INDEX "moment_share_guide_id_shared_at_idx" ON "moment_share"("guide_id", "shared_at");

-- AddForeignKey
ALTER TABLE "moment_post" ADD CONSTRAINT "moment_post_library_item_id_fkey" FOREIGN KEY ("library_item_id") REFERENCES "moment_library_item"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "moment_share" ADD CONSTRAINT "moment_share_guide_id_fkey" FOREIGN KEY ("guide_id") REFERENCES "guide"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "moment_share" ADD CONSTRAINT "moment_share_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "moment_library_item"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "moment_share" ADD CONSTRAINT "moment_share_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "moment_post"("id") ON DELETE SET NULL ON UPDATE CASCADE;

