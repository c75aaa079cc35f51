-- AlterEnum
ALTER TYPE "interaction_source" ADD VALUE 'MOMENT_REACTION';

