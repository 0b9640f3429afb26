import { describe, expect, it } from "vitest";
import { parseCsv, parseCsvWithHeader } from "./csv.js";

describe("parseCsv (RFC 4180)", () => {
  it("splits records and fields", () => {
    expect(parseCsv("a,b\r\nc,d\r\n")).toEqual([["a", "b"], ["c", "d"]]);
    expect(parseCsv("a,b\nc,d")).toEqual([["a", "b"], ["c", "d"]]);
  });

  it("keeps commas, line breaks and doubled quotes inside quoted fields", () => {
    expect(parseCsv('text,category\r\n"Hi, where is it?",card_arrival\r\n"She said ""now""",x\r\n"two\r\nlines",y')).toEqual([
      ["text", "category"],
      ["Hi, where is it?", "card_arrival"],
      ['She said "now"', "x"],
      ["two\r\nlines", "y"],
    ]);
  });

  it("keeps empty fields, including a trailing one", () => {
    expect(parseCsv("a,,c\r\n,\r\n")).toEqual([["a", "", "c"], ["", ""]]);
    expect(parseCsv('""')).toEqual([[""]]);
  });

  it("skips a byte order mark", () => {
    expect(parseCsv("\ufefftext,category\nhi,x")).toEqual([["text", "category"], ["hi", "x"]]);
  });

  it("refuses a quoted field that never ends", () => {
    expect(() => parseCsv('"open,x')).toThrow(/quoted field/);
  });
});

describe("parseCsvWithHeader", () => {
  it("keys every record by the header's column names", () => {
    expect(parseCsvWithHeader('text,category\n"Is there a fee, or not?",fees')).toEqual([{ text: "Is there a fee, or not?", category: "fees" }]);
  });

  it("refuses records with another number of fields than the header", () => {
    expect(() => parseCsvWithHeader("text,category\nhello")).toThrow(/record 1 has 1 fields/);
  });
});
