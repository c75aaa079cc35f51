-- CreateEnum
CREATE TYPE "wecom_write_kind" AS ENUM ('ADD_CORP_TAG', 'ADD_CONTACT_WAY', 'UPDATE_CONTACT_WAY', 'DELETE_CONTACT_WAY');

-- CreateTable
CREATE TABLE "wecom_write_intent" (
    "id" UUID NOT NULL,
    "kind" "wecom_write_kind" NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "wecom_write_intent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "wecom_write_intent_kind_created_at_idx" ON "wecom_write_intent"("kind", "created_at");

