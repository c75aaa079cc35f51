-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "relation_status" AS ENUM ('ACTIVE', 'DELETED_BY_GUIDE', 'DELETED_BY_CUSTOMER');

-- CreateEnum
CREATE TYPE "event_status" AS ENUM ('RECEIVED', 'PROCESSING', 'PROCESSED', 'FAILED');

-- CreateTable
CREATE TABLE "store" (
    "id" UUID NOT NULL,
    "wecom_dept_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "parent_dept_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "store_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "guide" (
    "id" UUID NOT NULL,
    "userid" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" TEXT,
    "store_id" UUID,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "guide_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer" (
    "id" UUID NOT NULL,
    "external_userid" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" INTEGER NOT NULL DEFAULT 1,
    "gender" INTEGER NOT NULL DEFAULT 0,
    "avatar" TEXT,
    "unionid" TEXT,
    "position" TEXT,
    "corp_name" TEXT,
    "corp_full_name" TEXT,
    "external_profile" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "guide_customer" (
    "id" UUID NOT NULL,
    "guide_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "remark" TEXT,
    "description" TEXT,
    "remark_corp_name" TEXT,
    "remark_mobiles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "added_at" TIMESTAMPTZ(3),
    "add_way" INTEGER,
    "state" TEXT,
    "oper_userid" TEXT,
    "wecom_tag_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "relation_status" NOT NULL DEFAULT 'ACTIVE',
    "last_event_at" TIMESTAMPTZ(3),
    "status_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delete_source" TEXT,
    "transfer_fail_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "guide_customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "callback_event" (
    "id" UUID NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "msg_type" TEXT NOT NULL,
    "event" TEXT,
    "change_type" TEXT,
    "userid" TEXT,
    "external_userid" TEXT,
    "chat_id" TEXT,
    "created_at_wecom" TIMESTAMPTZ(3) NOT NULL,
    "fields" JSONB NOT NULL,
    "raw_xml" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "event_status" NOT NULL DEFAULT 'RECEIVED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "processed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "callback_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "store_wecom_dept_id_key" ON "store"("wecom_dept_id");

-- CreateIndex
CREATE UNIQUE INDEX "guide_userid_key" ON "guide"("userid");

-- CreateIndex
CREATE INDEX "guide_store_id_idx" ON "guide"("store_id");

-- CreateIndex
CREATE UNIQUE INDEX "customer_external_userid_key" ON "customer"("external_userid");

-- CreateIndex
CREATE INDEX "customer_unionid_idx" ON "customer"("unionid");

-- CreateIndex
CREATE INDEX "guide_customer_customer_id_idx" ON "guide_customer"("customer_id");

-- CreateIndex
CREATE INDEX "guide_customer_guide_id_status_idx" ON "guide_customer"("guide_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "guide_customer_guide_id_customer_id_key" ON "guide_customer"("guide_id", "customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "callback_event_dedupe_key_key" ON "callback_event"("dedupe_key");

-- CreateIndex
CREATE INDEX "callback_event_status_received_at_idx" ON "callback_event"("status", "received_at");

-- CreateIndex
CREATE INDEX "callback_event_external_userid_idx" ON "callback_event"("external_userid");

-- AddForeignKey
ALTER TABLE "guide" ADD CONSTRAINT "guide_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guide_customer" ADD CONSTRAINT "guide_customer_guide_id_fkey" FOREIGN KEY ("guide_id") REFERENCES "guide"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guide_customer" ADD CONSTRAINT "guide_customer_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

