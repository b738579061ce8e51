import type { JakamoClient } from '../../activities/jakamo/jakamo-client';

/** The floor workflow's one activity (bench/support/floor-workflow.ts): a simple confirmation. */
export interface FloorActivities {
  confirmFloorOrder(confirmUrl: string): Promise<void>;
}

export function createFloorActivities(jakamo: JakamoClient): FloorActivities {
  return {
    async confirmFloorOrder(confirmUrl) {
      await jakamo.simpleConfirm(confirmUrl);
    },
  };
}
