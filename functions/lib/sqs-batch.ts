import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * An SQS batch through Powertools' BatchProcessor (the event source mapping has ReportBatchItemFailures
 * on): `handle` runs for every record side by side, and a record whose `handle` throws is reported in
 * `batchItemFailures`, to come back after the visibility timeout (and to the DLQ after the redrive count).
 * A batch that failed whole is reported like any other, not thrown: the answer is the same to SQS, and
 * callers and tests read one shape.
 */
export async function processSqsBatch(
  event: SQSEvent,
  handle: (record: SQSRecord) => Promise<void>,
): Promise<SQSBatchResponse> {
  // One processor per batch: its state is the batch's (the local poller may overlap invocations).
  const { batchItemFailures } = await processPartialResponse(
    event,
    handle,
    new BatchProcessor(EventType.SQS),
    { throwOnFullBatchFailure: false },
  );
  // Powertools lists failures as they happen; report them in the batch's order (stable logs and tests).
  const position = new Map(event.Records.map((r, i) => [r.messageId, i]));
  const at = (id: string) => position.get(id) ?? Number.MAX_SAFE_INTEGER;
  return {
    batchItemFailures: [...batchItemFailures].sort((a, b) => at(a.itemIdentifier) - at(b.itemIdentifier)),
  };
}
