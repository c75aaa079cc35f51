-- AlterTable
ALTER TABLE "mass_message" ADD COLUMN     "request_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "mass_message_request_key_key" ON "mass_message"("request_key");

