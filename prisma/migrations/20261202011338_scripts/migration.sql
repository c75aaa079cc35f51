-- CreateEnum
CREATE TYPE "script_kind" AS ENUM ('TEXT', 'LINK');

-- CreateTable
CREATE TABLE "script" (
    "id" UUID NOT NULL,
    "kind" "script_kind" NOT NULL,
    "category" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL DEFAULT '',
    "link" JSONB,
    "keywords" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "script_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "script_created_at_id_idx" ON "script"("created_at", "id");

-- CreateIndex
CREATE INDEX "script_category_idx" ON "script"("category");

