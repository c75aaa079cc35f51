-- CreateTable
CREATE TABLE "moment_task" (
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "jobid" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'creating',
    "errcode" INTEGER,
    "errmsg" TEXT,
    "moment_id" TEXT,
    "sender_userids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "tag_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "invalid_senders" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "invalid_tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "results" JSONB,
    "results_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "moment_task_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "moment_task_jobid_key" ON "moment_task"("jobid");

-- CreateIndex
CREATE UNIQUE INDEX "moment_task_moment_id_key" ON "moment_task"("moment_id");

-- AddForeignKey
ALTER TABLE "moment_task" ADD CONSTRAINT "moment_task_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "moment_library_item"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

