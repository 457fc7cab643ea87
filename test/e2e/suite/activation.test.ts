import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { activateExtension, REPO_ROOT } from '../support/extensionApi';

// Runs first (files load in name order): later suites talk to Kinesis, which loads the SDK bundle.
suite('Activation', function () {
  test('activates lazily without loading the AWS SDK', async () => {
    const api = await activateExtension();
    assert.ok(api.activationMs >= 0);
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.ok(!manifest.activationEvents.includes('*'), 'activation must not be "*"');
    const sdkLoaded = Object.keys(require.cache).some((file) => file.endsWith(`${path.sep}dist${path.sep}aws.js`));
    assert.strictEqual(sdkLoaded, false, 'dist/aws.js (the AWS SDK) was loaded during activation');
  });

});
