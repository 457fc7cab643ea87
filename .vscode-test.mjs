// `npm run test:electron`: the extension-host suites in desktop VS Code (downloads VS Code, so it
// needs internet). CI here uses code-server instead: see test/e2e/harness/.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig([
  {
    label: 'extension host (desktop)',
    files: 'out/test/e2e/suite/**/*.test.js',
    version: '1.139.1',
    workspaceFolder: 'test/e2e/fixtures/workspace',
    mocha: { ui: 'tdd', timeout: 60000 },
  },
]);
