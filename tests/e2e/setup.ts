import { beforeEach } from 'vitest';
import { recentBrowserCalls } from './harness.ts';

// A browser test that fails prints the Playwright calls before it: a step that never ended
// (a test stopped by its timeout names none) shows as a call started and never finished.
beforeEach(({ onTestFailed, task }) => {
  onTestFailed(() => {
    // The error too: a try that fails and is tried again is otherwise reported only as passed.
    const errors = (task.result?.errors ?? []).map((e) => e.message).join('\n');
    console.log(`"${task.name}" failed: ${errors}`);
    const calls = recentBrowserCalls();
    if (calls.length === 0) return;
    console.log(
      `Playwright calls before "${task.name}" failed, oldest first:\n${calls.join('\n')}`,
    );
  });
});
