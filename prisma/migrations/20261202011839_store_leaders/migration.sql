-- AlterTable
ALTER TABLE "store" ADD COLUMN     "leader_userids" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "store_leader_userids_idx" ON "store" USING GIN ("leader_userids");
