import { useEffect, useRef, useState } from "react";
import { emailFrameDocument } from "./email-view";
import classes from "./Email.module.css";

type Props = { html: string; allowRemoteImages: boolean; title: string; language?: string };

/**
 * A mail's HTML in a frame of its own: its styles cannot reach the app, and the sandbox
 * (no allow-scripts) keeps anything in it from running. allow-same-origin only lets the
 * app measure the content to size the frame and lets inline images load with the session.
 */
export function EmailFrame({ html, allowRemoteImages, title, language }: Props) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(40);
  const document = emailFrameDocument(html, { allowRemoteImages, language });

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    let observer: ResizeObserver | null = null;
    const measure = () => {
      const body = element.contentDocument?.body;
      if (!body) return;
      setHeight(Math.ceil(body.scrollHeight) + 2);
      observer?.disconnect();
      observer = new ResizeObserver(() => setHeight(Math.ceil(body.scrollHeight) + 2));
      observer.observe(body);
    };
    element.addEventListener("load", measure);
    measure();
    return () => {
      element.removeEventListener("load", measure);
      observer?.disconnect();
    };
  }, [document]);

  return (
    <iframe
      ref={frame}
      className={classes.frame}
      title={title}
      srcDoc={document}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      style={{ height }}
    />
  );
}
