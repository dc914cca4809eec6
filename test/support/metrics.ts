import { createMetrics } from '../../functions/adapters/metrics';
import type { Metrics } from '../../functions/ports';

/**
 * The `metrics` port as on Lambda (Powertools' EMF lines on stdout), with each line kept in `lines`
 * instead of printed: what CloudWatch would read, for a test to assert on.
 */
export function keptMetrics(lines: string[]): Metrics {
  const onLambda = createMetrics({ onLambda: true });
  return {
    count(values) {
      const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        lines.push(String(chunk).trim());
        return true;
      });
      try {
        onLambda.count(values);
      } finally {
        write.mockRestore();
      }
    },
  };
}
