-- CreateTable
CREATE TABLE "moment_nudge" (
    "id" UUID NOT NULL,
    "guide_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "week_start" DATE NOT NULL,
    "sent_by" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "moment_nudge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "moment_nudge_guide_id_day_key" ON "moment_nudge"("guide_id", "day");

-- AddForeignKey
ALTER TABLE "moment_nudge" ADD CONSTRAINT "moment_nudge_guide_id_fkey" FOREIGN KEY ("guide_id") REFERENCES "guide"("id") ON DELETE CASCADE ON UPDATE CASCADE;

