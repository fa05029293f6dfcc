import { beforeEach } from 'vitest';
import { recentBrowserCalls } from './harness.ts';

// A browser test that fails prints the Playwright calls before it: a step that never ended
// (a test stopped by its timeout names none) shows as a call started and never finished.
beforeEach(({ onTestFailed, task }) => {
  onTestFailed(() => {
    const calls = recentBrowserCalls();
    if (calls.length === 0) return;
    console.log(
      `Playwright calls before "${task.name}" failed, oldest first:\n${calls.join('\n')}`,
    );
  });
});
