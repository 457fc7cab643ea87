/**
 * What activation keeps of "Kinesis: Tail Stream" until a tail opens: the command as a placeholder
 * and the viewer's serializer.
 */
import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import { CommandIds } from '../../platform/commandIds';
import { LazyFeature } from '../../platform/lazyFeature';
import { TAIL_VIEWER_VIEW_TYPE } from '../../shared/viewTypes';
import type { TailHandle } from './register';

type TailBundle = typeof import('./register');
type TailFeature = { readonly disposable: vscode.Disposable; readonly handle: TailHandle };

export class LazyTail extends LazyFeature<TailBundle, TailFeature> {
  constructor(register: (bundle: TailBundle) => TailFeature, logger: ILogger) {
    super('tail viewer', [CommandIds.tailStream], () => import('./register'), register, logger);
    // A tail cannot survive a reload (its reader and rows are gone): close restored viewers without
    // loading the viewer's code for it.
    this._register(vscode.window.registerWebviewPanelSerializer(TAIL_VIEWER_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => panel.dispose(),
    }));
  }
}
