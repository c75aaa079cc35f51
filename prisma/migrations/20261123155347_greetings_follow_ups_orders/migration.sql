-- CreateEnum
CREATE TYPE "welcome_scope" AS ENUM ('CORP', 'GUIDE', 'CHANNEL');

-- CreateEnum
CREATE TYPE "welcome_status" AS ENUM ('SENDING', 'SENT', 'ALREADY_SENT', 'EXPIRED', 'FAILED');

-- CreateEnum
CREATE TYPE "follow_up_kind" AS ENUM ('GREETING', 'SERVICE_REMINDER', 'INTERACTION', 'CUSTOM');

-- CreateEnum
CREATE TYPE "follow_up_status" AS ENUM ('PENDING', 'REMINDED', 'DONE', 'CANCELLED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "interaction_source" AS ENUM ('SIDEBAR_MESSAGE', 'GROUP_CHAT', 'MASS_MESSAGE', 'FOLLOW_UP_DONE', 'ARCHIVE_IMPORT');

-- AlterTable
ALTER TABLE "guide" ADD COLUMN     "last_digest_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "guide_customer" ADD COLUMN     "last_interaction_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "corp_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "work_start" TEXT NOT NULL DEFAULT '09:00',
    "work_end" TEXT NOT NULL DEFAULT '21:00',
    "work_days" INTEGER[] DEFAULT ARRAY[1, 2, 3, 4, 5, 6, 7]::INTEGER[],
    "reminder_window_minutes" INTEGER NOT NULL DEFAULT 60,
    "greeting_creates_msg_task" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "corp_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "welcome_template" (
    "id" UUID NOT NULL,
    "scope" "welcome_scope" NOT NULL,
    "guide_id" UUID,
    "state" TEXT,
    "text" TEXT NOT NULL,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "welcome_template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "welcome_message" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "welcome_code" TEXT NOT NULL,
    "guide_userid" TEXT NOT NULL,
    "external_userid" TEXT NOT NULL,
    "template_id" UUID,
    "status" "welcome_status" NOT NULL DEFAULT 'SENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_errcode" INTEGER,
    "error" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "latency_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "welcome_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "follow_up" (
    "id" UUID NOT NULL,
    "kind" "follow_up_kind" NOT NULL,
    "guide_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "follow_up_status" NOT NULL DEFAULT 'PENDING',
    "status_reason" TEXT,
    "title" TEXT,
    "note" TEXT,
    "order_id" UUID,
    "dedupe_key" TEXT,
    "created_by" TEXT,
    "reminded_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "follow_up_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "interaction" (
    "id" UUID NOT NULL,
    "guide_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "source" "interaction_source" NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "external_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "interaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order" (
    "id" UUID NOT NULL,
    "order_no" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "customer_id" UUID NOT NULL,
    "guide_id" UUID NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "items" JSONB NOT NULL DEFAULT '[]',
    "purchased_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "order_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "welcome_template_scope_state_idx" ON "welcome_template"("scope", "state");

-- CreateIndex
CREATE INDEX "welcome_template_guide_id_idx" ON "welcome_template"("guide_id");

-- CreateIndex
CREATE UNIQUE INDEX "welcome_message_event_id_key" ON "welcome_message"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "welcome_message_welcome_code_key" ON "welcome_message"("welcome_code");

-- CreateIndex
CREATE INDEX "welcome_message_external_userid_idx" ON "welcome_message"("external_userid");

-- CreateIndex
CREATE INDEX "welcome_message_status_created_at_idx" ON "welcome_message"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "follow_up_dedupe_key_key" ON "follow_up"("dedupe_key");

-- CreateIndex
CREATE INDEX "follow_up_status_due_at_idx" ON "follow_up"("status", "due_at");

-- CreateIndex
CREATE INDEX "follow_up_guide_id_status_due_at_idx" ON "follow_up"("guide_id", "status", "due_at");

-- CreateIndex
CREATE INDEX "follow_up_customer_id_status_idx" ON "follow_up"("customer_id", "status");

-- CreateIndex
CREATE INDEX "interaction_guide_id_customer_id_occurred_at_idx" ON "interaction"("guide_id", "customer_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "interaction_source_external_id_key" ON "interaction"("source", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "order_order_no_key" ON "order"("order_no");

-- CreateIndex
CREATE INDEX "order_customer_id_purchased_at_idx" ON "order"("customer_id", "purchased_at");

-- CreateIndex
CREATE INDEX "order_guide_id_purchased_at_idx" ON "order"("guide_id", "purchased_at");

-- CreateIndex
CREATE INDEX "callback_event_change_type_received_at_idx" ON "callback_event"("change_type", "received_at");

-- AddForeignKey
ALTER TABLE "welcome_template" ADD CONSTRAINT "welcome_template_guide_id_fkey" FOREIGN KEY ("guide_id") REFERENCES "guide"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_guide_id_fkey" FOREIGN KEY ("guide_id") REFERENCES "guide"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interaction" ADD CONSTRAINT "interaction_guide_id_fkey" FOREIGN KEY ("guide_id") REFERENCES "guide"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interaction" ADD CONSTRAINT "interaction_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order" ADD CONSTRAINT "order_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order" ADD CONSTRAINT "order_guide_id_fkey" FOREIGN KEY ("guide_id") REFERENCES "guide"("id") ON DELETE CASCADE ON UPDATE CASCADE;

