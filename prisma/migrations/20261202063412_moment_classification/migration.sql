-- CreateEnum
CREATE TYPE "moment_kind" AS ENUM ('product', 'life', 'brand');

-- AlterTable
ALTER TABLE "moment_post" ADD COLUMN     "ad_signals" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "corrected_at" TIMESTAMPTZ(3),
ADD COLUMN     "corrected_by" TEXT,
ADD COLUMN     "corrected_kind" "moment_kind",
ADD COLUMN     "corrected_reads_like_ad" BOOLEAN,
ADD COLUMN     "kind" "moment_kind" NOT NULL DEFAULT 'life',
ADD COLUMN     "kind_source" TEXT NOT NULL DEFAULT 'rules',
ADD COLUMN     "products" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "reads_like_ad" BOOLEAN NOT NULL DEFAULT false;

