import { z } from "zod";

/** A search box's text: trimmed, and a blank one means no search at all (as in the agent app). */
export const searchText = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z.string().trim().min(1).max(200).optional(),
);
