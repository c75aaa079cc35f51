-- DropIndex
DROP INDEX "guide_customer_guide_id_status_idx";

-- CreateIndex
CREATE INDEX "guide_customer_guide_id_status_id_customer_id_idx" ON "guide_customer"("guide_id", "status", "id", "customer_id");

-- CreateIndex
CREATE INDEX "follow_up_group_id_idx" ON "follow_up"("group_id");

-- CreateIndex
CREATE INDEX "interaction_occurred_at_idx" ON "interaction"("occurred_at");

