/**
 * The task queue the demo WMS worker polls: the one place it is written. A leaf module, so the
 * workflow bundle, the Kubernetes fixtures and the server's config default can all import it.
 */
export const TASK_QUEUE = 'orchestrator-queue';
