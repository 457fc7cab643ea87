// Entry point of the webview bundle. Feature panels register their UI here as they land.
export {};
