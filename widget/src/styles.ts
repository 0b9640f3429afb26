/** Everything lives in a shadow root, so the host page's CSS cannot reach in and ours cannot leak out. */
export const styles = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.launcher { position: fixed; right: 20px; bottom: 20px; width: 56px; height: 56px; border-radius: 50%; border: none; cursor: pointer;
  background: var(--cd-primary); color: var(--cd-on-primary); box-shadow: 0 4px 14px rgba(0,0,0,.25); z-index: 2147483000; display: flex; align-items: center; justify-content: center; }
.launcher svg { width: 28px; height: 28px; fill: currentColor; }
.badge { position: absolute; top: -2px; right: -2px; min-width: 20px; height: 20px; border-radius: 10px; background: #e03131; color: #fff; font-size: 12px; line-height: 20px; padding: 0 5px; }
.panel { position: fixed; right: 20px; bottom: 88px; width: 360px; max-width: calc(100vw - 24px); height: 520px; max-height: calc(100vh - 110px);
  background: #fff; color: #1a1b1e; border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.25); display: flex; flex-direction: column; overflow: hidden; z-index: 2147483000; font-size: 14px; }
.panel[hidden] { display: none; }
.header { background: var(--cd-primary); color: var(--cd-on-primary); padding: 12px 14px; display: flex; align-items: center; justify-content: space-between; }
.header h2 { margin: 0; font-size: 16px; font-weight: 600; }
.close { background: transparent; border: none; color: inherit; font-size: 22px; cursor: pointer; line-height: 1; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f8f9fa; }
.msg { max-width: 80%; padding: 8px 10px; border-radius: 10px; white-space: pre-wrap; word-wrap: break-word; }
.msg.out { align-self: flex-start; background: #fff; border: 1px solid #dee2e6; }
.msg.in { align-self: flex-end; background: var(--cd-primary); color: var(--cd-on-primary); }
.msg.pending { opacity: .6; }
.msg.failed { outline: 2px solid #e03131; }
.author { display: block; font-size: 11px; opacity: .75; margin-bottom: 2px; }
.msg img { max-width: 100%; border-radius: 6px; display: block; margin-top: 4px; }
.msg a { color: inherit; }
.greeting { align-self: flex-start; background: #fff; border: 1px solid #dee2e6; }
.notice { padding: 8px 12px; background: #fff4e6; color: #7a4a00; font-size: 13px; border-bottom: 1px solid #ffd8a8; }
.notice form { display: flex; gap: 6px; margin-top: 6px; }
.notice input { flex: 1; padding: 6px 8px; border: 1px solid #ced4da; border-radius: 6px; font-size: 13px; }
.status { padding: 4px 12px; font-size: 12px; color: #495057; min-height: 20px; }
.composer { display: flex; gap: 6px; padding: 8px; border-top: 1px solid #dee2e6; align-items: flex-end; }
.composer textarea { flex: 1; resize: none; border: 1px solid #ced4da; border-radius: 8px; padding: 8px; font-size: 14px; min-height: 38px; max-height: 120px; color: #1a1b1e; background: #fff; }
button.primary { background: var(--cd-primary); color: var(--cd-on-primary); border: none; border-radius: 8px; padding: 8px 12px; cursor: pointer; font-size: 14px; }
button.icon { background: transparent; border: 1px solid #ced4da; border-radius: 8px; padding: 8px; cursor: pointer; font-size: 14px; }
:focus-visible { outline: 2px solid #1971c2; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;
