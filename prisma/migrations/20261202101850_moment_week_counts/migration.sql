-- CreateTable
CREATE TABLE "moment_guide_week" (
    "week_start" DATE NOT NULL,
    "guide_id" UUID NOT NULL,
    "posts" INTEGER NOT NULL,
    "posting_days" INTEGER NOT NULL,
    "product_days" INTEGER NOT NULL,
    "life_days" INTEGER NOT NULL,
    "best_window_posts" INTEGER NOT NULL,
    "brand_posts" INTEGER NOT NULL,
    "flagged_posts" INTEGER NOT NULL,

    CONSTRAINT "moment_guide_week_pkey" PRIMARY KEY ("week_start","guide_id")
);

-- CreateTable
CREATE TABLE "moment_week_basis" (
    "week_start" DATE NOT NULL,
    "basis" TEXT NOT NULL,
    "counted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "moment_week_basis_pkey" PRIMARY KEY ("week_start")
);

-- AddForeignKey
ALTER TABLE "moment_guide_week" ADD CONSTRAINT "moment_guide_week_guide_id_fkey" FOREIGN KEY ("guide_id") REFERENCES "guide"("id") ON DELETE CASCADE ON UPDATE CASCADE;

