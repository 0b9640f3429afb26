import { useEffect } from "react";

/** The browser tab says where the agent is ("#12 Where is my order? · Caredesk"). */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    if (title) document.title = `${title} · Caredesk`;
  }, [title]);
}
