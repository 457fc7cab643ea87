/**
 * The webview view types, apart from their protocols: activation registers the panels' serializers
 * before any panel code (or zod) is loaded.
 */
export const ARCHITECT_PANEL_VIEW_TYPE = 'kinesis.architectPanel';
export const TAIL_VIEWER_VIEW_TYPE = 'kinesis.tailViewer';
export const DOCTOR_REPORT_VIEW_TYPE = 'kinesis.doctorReport';
