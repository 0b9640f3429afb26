import "./app/mantine.css";
import "./app/app.css";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, useMemo } from "react";
import { createRoot } from "react-dom/client";
import { I18nextProvider, useTranslation } from "react-i18next";
import { BrowserRouter } from "react-router";
import { isApiError } from "./api/client";
import { App } from "./app/App";
import { createAppTheme } from "./app/theme";
import { initI18n } from "./i18n/i18n";

const i18n = initI18n();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors will not heal by asking again; network trouble might.
      retry: (failureCount, error) => failureCount < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: true,
    },
  },
});

/** Mantine's theme carries translated labels, so it follows the language. */
function ThemedApp() {
  const { t, i18n: translation } = useTranslation();
  const theme = useMemo(() => createAppTheme(t), [t, translation.language]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ThemedApp />
    </I18nextProvider>
  </StrictMode>,
);
