import { expect, test } from 'vitest';

test('runs on the Node 24 pinned by the `node` devDependency', () => {
  expect(process.versions.node.split('.')[0]).toBe('24');
});
