import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import { queryKeys } from "../api/query-keys";
import { applyDomainEvent } from "./apply-event";
import { PresenceStore, type PresentAgent } from "./presence-store";
import { RealtimeConnection, realtimeUrl, type ConnectionStatus } from "./realtime-connection";

type Realtime = { connection: RealtimeConnection; presence: PresenceStore; agentId: string };

const RealtimeContext = createContext<Realtime | null>(null);

/** Opens the live connection for the logged-in agent and feeds its frames into the caches. */
export function RealtimeProvider({ agentId, children }: { agentId: string; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [realtime] = useState<Realtime>(() => ({ connection: new RealtimeConnection(realtimeUrl()), presence: new PresenceStore(), agentId }));

  useEffect(() => {
    const { connection, presence } = realtime;
    const offFrame = connection.onFrame((frame) => {
      if (frame.type === "event") applyDomainEvent(queryClient, frame.event);
      else if (frame.type === "presence") presence.set(frame.conversationId, frame.agents);
      else if (frame.type === "customer_typing") presence.setCustomerTyping(frame.conversationId, frame.isTyping);
    });
    const offOpen = connection.onOpen((isReconnect) => {
      // The server sends a fresh presence snapshot right after connecting.
      presence.clear();
      // Anything may have changed while we were away.
      if (isReconnect) void queryClient.invalidateQueries();
    });
    const offFailure = connection.onFailure(() => {
      presence.clear();
      // A refused connection can mean the session ended; asking shows the login page if so.
      void queryClient.invalidateQueries({ queryKey: queryKeys.session });
    });
    connection.start();
    return () => {
      offFrame();
      offOpen();
      offFailure();
      connection.stop();
    };
  }, [queryClient, realtime]);

  useActivityReports(realtime.connection);

  return <RealtimeContext.Provider value={realtime}>{children}</RealtimeContext.Provider>;
}

const ACTIVITY_THROTTLE_MS = 20_000;

/** Tells the server the agent is at work (keys, clicks, focus), so that idleness can turn them away. */
function useActivityReports(connection: RealtimeConnection): void {
  useEffect(() => {
    let lastSentAt = 0;
    const report = () => {
      const now = Date.now();
      if (now - lastSentAt < ACTIVITY_THROTTLE_MS || document.visibilityState !== "visible") return;
      lastSentAt = now;
      connection.send({ type: "activity" });
    };
    const events = ["keydown", "pointerdown", "focus", "visibilitychange"] as const;
    for (const name of events) window.addEventListener(name, report, { passive: true });
    const offOpen = connection.onOpen(() => {
      lastSentAt = 0;
      report();
    });
    return () => {
      for (const name of events) window.removeEventListener(name, report);
      offOpen();
    };
  }, [connection]);
}

function useRealtime(): Realtime {
  const realtime = useContext(RealtimeContext);
  if (!realtime) throw new Error("useRealtime is used outside RealtimeProvider");
  return realtime;
}

export function useConnectionStatus(): ConnectionStatus {
  const { connection } = useRealtime();
  return useSyncExternalStore(connection.subscribeStatus, () => connection.status);
}

/** Other agents on a conversation right now (the agent's own tabs are left out). */
export function usePresence(conversationId: string): PresentAgent[] {
  const { presence, agentId } = useRealtime();
  const agents = useSyncExternalStore(presence.subscribe, () => presence.agentsOn(conversationId));
  return agents.some((agent) => agent.id === agentId) ? agents.filter((agent) => agent.id !== agentId) : agents;
}

/** Whether the customer is typing on this conversation right now (website chat). */
export function useCustomerTyping(conversationId: string): boolean {
  const { presence } = useRealtime();
  return useSyncExternalStore(presence.subscribe, () => presence.isCustomerTyping(conversationId));
}

const VIEWING_HEARTBEAT_MS = 15_000;
const TYPING_THROTTLE_MS = 3_000;
const TYPING_IDLE_MS = 5_000;

/**
 * Tells the others that this agent has the conversation open (with a heartbeat, again
 * after reconnects) and when they leave. Returns `typing()`, to call on every keystroke
 * of a reply, and `stoppedTyping()`.
 */
export function usePresenceAnnouncement(conversationId: string) {
  const { connection } = useRealtime();
  const [typing] = useState(() => ({ lastSentAt: 0, idleTimer: null as ReturnType<typeof setTimeout> | null, conversationId }));
  typing.conversationId = conversationId;

  useEffect(() => {
    const announce = () => connection.send({ type: "presence", conversationId, state: "viewing" });
    announce();
    const heartbeat = setInterval(() => {
      if (typing.idleTimer === null) announce();
    }, VIEWING_HEARTBEAT_MS);
    const offOpen = connection.onOpen(announce);
    return () => {
      clearInterval(heartbeat);
      offOpen();
      if (typing.idleTimer) clearTimeout(typing.idleTimer);
      typing.idleTimer = null;
      typing.lastSentAt = 0;
      connection.send({ type: "presence", conversationId, state: "left" });
    };
  }, [connection, conversationId, typing]);

  const stoppedTyping = () => {
    if (typing.idleTimer) clearTimeout(typing.idleTimer);
    typing.idleTimer = null;
    typing.lastSentAt = 0;
    connection.send({ type: "presence", conversationId: typing.conversationId, state: "viewing" });
  };

  const typingNow = () => {
    const now = Date.now();
    if (now - typing.lastSentAt >= TYPING_THROTTLE_MS) {
      typing.lastSentAt = now;
      connection.send({ type: "presence", conversationId: typing.conversationId, state: "typing" });
    }
    if (typing.idleTimer) clearTimeout(typing.idleTimer);
    typing.idleTimer = setTimeout(stoppedTyping, TYPING_IDLE_MS);
  };

  return { typing: typingNow, stoppedTyping };
}
