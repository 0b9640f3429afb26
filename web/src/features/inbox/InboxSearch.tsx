import { CloseButton, Kbd, TextInput } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { useEffect, useState, type Ref } from "react";
import { useTranslation } from "react-i18next";

const SEARCH_DEBOUNCE_MS = 250;

type Props = {
  ref?: Ref<HTMLInputElement>;
  query: string;
  onSearch: (query: string) => void;
  /** Arrow down or Enter: on to the results. */
  onLeaveDown: () => void;
};

/** Full-text search over subjects and messages; the list follows the typing after a short pause. */
export function InboxSearch({ ref, query, onSearch, onLeaveDown }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);
  useEffect(() => {
    if (text.trim() === query) return;
    const timer = setTimeout(() => onSearch(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, query, onSearch]);

  return (
    <TextInput
      ref={ref}
      mt="xs"
      type="search"
      aria-label={t("inbox.search.label")}
      placeholder={t("inbox.search.placeholder")}
      leftSection={<IconSearch size={16} aria-hidden />}
      rightSection={
        text ? (
          <CloseButton size="sm" aria-label={t("inbox.search.clear")} onClick={() => setText("")} />
        ) : (
          <Kbd size="xs" aria-hidden>
            /
          </Kbd>
        )
      }
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          setText("");
          event.currentTarget.blur();
        } else if (event.key === "ArrowDown" || event.key === "Enter") {
          event.preventDefault();
          onSearch(text.trim());
          onLeaveDown();
        }
      }}
    />
  );
}
