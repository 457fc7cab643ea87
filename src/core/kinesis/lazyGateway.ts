import type { KinesisGateway } from './gateway';
import type { ILogger } from '../logging';

/**
 * A gateway that loads the AWS SDK on its first call. Activation stays fast because nothing here
 * touches the SDK; the bundler turns the dynamic import into a require of the separate dist/aws.js.
 */
export function createLazyGateway(logger: ILogger): KinesisGateway {
  let loading: Promise<KinesisGateway> | undefined;
  let loaded: KinesisGateway | undefined;
  const load = () => (loading ??= import('./awsGateway').then((m) => {
    const gateway = m.createAwsGateway({ logger });
    loaded = gateway;
    return gateway;
  }));
  return new Proxy({} as KinesisGateway, {
    get(_target, property: keyof KinesisGateway) {
      if (property === 'dispose') {
        return () => loaded?.dispose();
      }
      return async (...args: unknown[]) => {
        const gateway = await load();
        return (gateway[property] as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
}
