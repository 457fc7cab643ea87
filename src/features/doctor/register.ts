/**
 * What activation keeps of the Stream Doctor until it is first used: the command as a placeholder
 * (the sampler, analysers and report host live in their own bundle, dist/doctor.js) and the report's
 * serializer, which closes a restored report: its sample is gone after a reload.
 */
import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import { CommandIds } from '../../platform/commandIds';
import { LazyFeature } from '../../platform/lazyFeature';
import { DOCTOR_REPORT_VIEW_TYPE } from '../../shared/viewTypes';
import type { DoctorHandle } from './doctor';

type DoctorBundle = typeof import('./doctor');
type DoctorFeature = { readonly disposable: vscode.Disposable; readonly handle: DoctorHandle };

export class LazyDoctor extends LazyFeature<DoctorBundle, DoctorFeature> {
  constructor(register: (bundle: DoctorBundle) => DoctorFeature, logger: ILogger) {
    super('stream doctor', [CommandIds.diagnoseStream], () => import('./doctor'), register, logger);
    this._register(vscode.window.registerWebviewPanelSerializer(DOCTOR_REPORT_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => panel.dispose(),
    }));
  }
}
