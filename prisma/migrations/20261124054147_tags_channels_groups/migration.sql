-- CreateEnum
CREATE TYPE "lifecycle_stage" AS ENUM ('ONBOARDING', 'AWAKENING', 'RECALL', 'DORMANT', 'LAPSED');

-- CreateEnum
CREATE TYPE "tag_op" AS ENUM ('ADD', 'REMOVE');

-- CreateEnum
CREATE TYPE "tag_change_status" AS ENUM ('PENDING', 'SYNCED', 'FAILED', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "contact_way_purpose" AS ENUM ('STORE', 'GUIDE', 'CAMPAIGN');

-- CreateEnum
CREATE TYPE "customer_group_kind" AS ENUM ('RULE', 'LIST');

-- CreateEnum
CREATE TYPE "mass_message_status" AS ENUM ('CREATED', 'SENDING', 'FINISHED', 'FAILED');

-- AlterTable
ALTER TABLE "customer" ADD COLUMN     "joined_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_purchase_at" TIMESTAMPTZ(3),
ADD COLUMN     "lifecycle_changed_at" TIMESTAMPTZ(3),
ADD COLUMN     "lifecycle_stage" "lifecycle_stage",
ADD COLUMN     "order_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "preferred_category" TEXT,
ADD COLUMN     "spend_cents" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "guide_customer" ADD COLUMN     "contact_way_id" UUID,
ADD COLUMN     "personal_tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "corp_settings" ADD COLUMN     "aov_bands" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "create_default_taxonomy" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "follow_up_expiry_days" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "spend_bands" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "follow_up" ADD COLUMN     "group_id" UUID,
ADD COLUMN     "valid_from" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "tag_group" (
    "id" UUID NOT NULL,
    "wecom_group_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "order" BIGINT NOT NULL DEFAULT 0,
    "strategy_id" INTEGER,
    "created_by_app" BOOLEAN NOT NULL DEFAULT false,
    "wecom_created_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tag_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tag" (
    "id" UUID NOT NULL,
    "wecom_tag_id" TEXT NOT NULL,
    "group_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "order" BIGINT NOT NULL DEFAULT 0,
    "strategy_id" INTEGER,
    "created_by_app" BOOLEAN NOT NULL DEFAULT false,
    "wecom_created_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "relation_tag" (
    "relation_id" UUID NOT NULL,
    "tag_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "relation_tag_pkey" PRIMARY KEY ("relation_id","tag_id")
);

-- CreateTable
CREATE TABLE "tag_change" (
    "id" UUID NOT NULL,
    "relation_id" UUID NOT NULL,
    "tag_id" UUID NOT NULL,
    "op" "tag_op" NOT NULL,
    "status" "tag_change_status" NOT NULL DEFAULT 'PENDING',
    "source" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_errcode" INTEGER,
    "error" TEXT,
    "synced_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tag_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_way" (
    "id" UUID NOT NULL,
    "config_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" "contact_way_purpose" NOT NULL,
    "store_id" UUID,
    "type" INTEGER NOT NULL,
    "scene" INTEGER NOT NULL DEFAULT 2,
    "userids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "skip_verify" BOOLEAN NOT NULL DEFAULT true,
    "qr_code" TEXT,
    "tag_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "remark" TEXT,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contact_way_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_group" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "kind" "customer_group_kind" NOT NULL,
    "rule" JSONB,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_group_member" (
    "group_id" UUID NOT NULL,
    "relation_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_group_member_pkey" PRIMARY KEY ("group_id","relation_id")
);

-- CreateTable
CREATE TABLE "mass_message" (
    "id" UUID NOT NULL,
    "msgid" TEXT,
    "guide_id" UUID NOT NULL,
    "group_id" UUID,
    "content" JSONB NOT NULL,
    "recipient_count" INTEGER NOT NULL,
    "fail_list" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "mass_message_status" NOT NULL DEFAULT 'CREATED',
    "sent_count" INTEGER NOT NULL DEFAULT 0,
    "results_read_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mass_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tag_group_wecom_group_id_key" ON "tag_group"("wecom_group_id");

-- CreateIndex
CREATE UNIQUE INDEX "tag_wecom_tag_id_key" ON "tag"("wecom_tag_id");

-- CreateIndex
CREATE INDEX "tag_group_id_idx" ON "tag"("group_id");

-- CreateIndex
CREATE INDEX "relation_tag_tag_id_relation_id_idx" ON "relation_tag"("tag_id", "relation_id");

-- CreateIndex
CREATE INDEX "tag_change_relation_id_status_idx" ON "tag_change"("relation_id", "status");

-- CreateIndex
CREATE INDEX "tag_change_status_created_at_idx" ON "tag_change"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "contact_way_config_id_key" ON "contact_way"("config_id");

-- CreateIndex
CREATE UNIQUE INDEX "contact_way_state_key" ON "contact_way"("state");

-- CreateIndex
CREATE INDEX "customer_group_member_relation_id_idx" ON "customer_group_member"("relation_id");

-- CreateIndex
CREATE UNIQUE INDEX "mass_message_msgid_key" ON "mass_message"("msgid");

-- CreateIndex
CREATE INDEX "mass_message_status_created_at_idx" ON "mass_message"("status", "created_at");

-- CreateIndex
CREATE INDEX "customer_lifecycle_stage_idx" ON "customer"("lifecycle_stage");

-- AddForeignKey
ALTER TABLE "guide_customer" ADD CONSTRAINT "guide_customer_contact_way_id_fkey" FOREIGN KEY ("contact_way_id") REFERENCES "contact_way"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "customer_group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag" ADD CONSTRAINT "tag_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "tag_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "relation_tag" ADD CONSTRAINT "relation_tag_relation_id_fkey" FOREIGN KEY ("relation_id") REFERENCES "guide_customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "relation_tag" ADD CONSTRAINT "relation_tag_tag_id_fkey" FOREIGN KEY ("tag_id") REFERENCES "tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag_change" ADD CONSTRAINT "tag_change_relation_id_fkey" FOREIGN KEY ("relation_id") REFERENCES "guide_customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag_change" ADD CONSTRAINT "tag_change_tag_id_fkey" FOREIGN KEY ("tag_id") REFERENCES "tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_group_member" ADD CONSTRAINT "customer_group_member_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "customer_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_group_member" ADD CONSTRAINT "customer_group_member_relation_id_fkey" FOREIGN KEY ("relation_id") REFERENCES "guide_customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mass_message" ADD CONSTRAINT "mass_message_guide_id_fkey" FOREIGN KEY ("guide_id") REFERENCES "guide"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mass_message" ADD CONSTRAINT "mass_message_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "customer_group"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Backfill: follow-ups made before this column were valid from their creation; customers' lifecycle inputs come
-- from their relations and orders.
UPDATE "follow_up" SET "valid_from" = "created_at";
UPDATE "customer" c SET "joined_at" = j."joined_at"
FROM (SELECT "customer_id", min(coalesce("added_at", "created_at")) AS "joined_at" FROM "guide_customer" GROUP BY 1) j
WHERE j."customer_id" = c."id";
UPDATE "customer" c SET "last_purchase_at" = o."last_at", "order_count" = o."n", "spend_cents" = o."spend"
FROM (SELECT "customer_id", max("purchased_at") AS "last_at", count(*) AS "n", sum("amount_cents") AS "spend"
      FROM "order" GROUP BY 1) o
WHERE o."customer_id" = c."id";
