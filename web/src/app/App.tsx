import { Center, Loader } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { onUnauthenticated } from "../api/client";
import { queryKeys } from "../api/query-keys";
import { LoginPage } from "../features/auth/LoginPage";
import { SessionProvider, useSessionQuery, type Session } from "../features/auth/session";
import { InboxPage } from "../features/inbox/InboxPage";
import { applyLocale, storedLocale } from "../i18n/i18n";
import { RealtimeProvider } from "../realtime/RealtimeProvider";
import { AppLayout } from "./AppLayout";

// Settings are visited rarely: their code loads on demand.
const SettingsPage = lazy(() => import("../features/settings/SettingsPage").then((module) => ({ default: module.SettingsPage })));
const KnowledgePage = lazy(() => import("../features/knowledge/KnowledgePage").then((module) => ({ default: module.KnowledgePage })));
const BotPage = lazy(() => import("../features/bot/BotPage").then((module) => ({ default: module.BotPage })));
const RoutingSettingsPage = lazy(() => import("../features/routing/RoutingSettingsPage").then((module) => ({ default: module.RoutingSettingsPage })));
const SupervisorBoardPage = lazy(() => import("../features/routing/SupervisorBoardPage").then((module) => ({ default: module.SupervisorBoardPage })));
const QueuesPage = lazy(() => import("../features/routing/QueuesPage").then((module) => ({ default: module.QueuesPage })));

export function App() {
  const queryClient = useQueryClient();
  const session = useSessionQuery();

  // Any request that finds the session gone brings back the login page.
  useEffect(() => onUnauthenticated(() => queryClient.setQueryData(queryKeys.session, null)), [queryClient]);

  if (session.isPending) return <FullPageLoader />;
  if (!session.data) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<RedirectToLogin />} />
      </Routes>
    );
  }
  return <LoggedInApp session={session.data} />;
}

function Lazy({ page }: { page: React.ReactNode }) {
  return <Suspense fallback={<FullPageLoader />}>{page}</Suspense>;
}

function LoggedInApp({ session }: { session: Session }) {
  const isManager = session.agent.role === "admin" || session.agent.role === "supervisor";
  useEffect(() => {
    applyLocale(storedLocale() ?? session.agent.locale);
  }, [session.agent.locale]);

  return (
    <SessionProvider value={session}>
      <RealtimeProvider agentId={session.agent.id}>
        <Routes>
          <Route element={<AppLayout />}>
            <Route path="/inbox" element={<InboxPage />} />
            <Route path="/inbox/:conversationId" element={<InboxPage />} />
            <Route
              path="/settings"
              element={
                <Suspense fallback={<FullPageLoader />}>
                  <SettingsPage />
                </Suspense>
              }
            />
            {["/knowledge", "/knowledge/:articleId"].map((path) => (
              <Route
                key={path}
                path={path}
                element={
                  <Suspense fallback={<FullPageLoader />}>
                    <KnowledgePage />
                  </Suspense>
                }
              />
            ))}
            {["/bot", "/bot/:intentId"].map((path) => (
              <Route
                key={path}
                path={path}
                element={
                  <Suspense fallback={<FullPageLoader />}>
                    <BotPage />
                  </Suspense>
                }
              />
            ))}
            <Route path="/queues" element={<Lazy page={<QueuesPage />} />} />
            {isManager && <Route path="/supervisor" element={<Lazy page={<SupervisorBoardPage />} />} />}
            {isManager && <Route path="/settings/routing" element={<Lazy page={<RoutingSettingsPage />} />} />}
          </Route>
          <Route path="/login" element={<AfterLogin />} />
          <Route path="*" element={<Navigate to="/inbox" replace />} />
        </Routes>
      </RealtimeProvider>
    </SessionProvider>
  );
}

function RedirectToLogin() {
  const location = useLocation();
  const from = `${location.pathname}${location.search}`;
  return <Navigate to="/login" replace state={from === "/" ? undefined : { from }} />;
}

/** After logging in, back to where the agent wanted to go. */
function AfterLogin() {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  return <Navigate to={from && from.startsWith("/") && !from.startsWith("/login") ? from : "/inbox"} replace />;
}

function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center h="60dvh">
      <Loader aria-label={t("common.loading")} />
    </Center>
  );
}
