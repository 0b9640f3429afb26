import { useEffect, useRef } from "react";

export type ShortcutHandlers = Partial<Record<string, (event: KeyboardEvent) => void>>;

/** True where a key press means text, not a command. */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["button", "checkbox", "radio", "submit", "reset", "file", "range", "color"].includes(type);
}

/**
 * Single-key shortcuts (j, k, r, n, s, a, /, ?). They never fire while the agent types in
 * a field, holds a modifier, or works inside a dialog.
 */
export function useShortcuts(handlers: ShortcutHandlers, isEnabled = true): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    if (!isEnabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isEditableTarget(event.target)) return;
      if (event.target instanceof Element && event.target.closest("[role=dialog], [role=menu], [role=listbox]")) return;
      const handler = latest.current[event.key];
      if (!handler) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [isEnabled]);
}
