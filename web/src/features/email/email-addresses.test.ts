import { describe, expect, it } from "vitest";
import { formatAddress, parseAddress, parseAddressList, splitAddressList, uniqueRecipients, withoutRecipients } from "./email-addresses";

describe("email addresses in the compose form", () => {
  it("reads the forms people type and paste", () => {
    expect(parseAddress("kim@example.com")).toEqual({ name: null, address: "kim@example.com" });
    expect(parseAddress("  Kim.Lee@Example.COM ")).toEqual({ name: null, address: "kim.lee@example.com" });
    expect(parseAddress("Kim Lee <kim@example.com>")).toEqual({ name: "Kim Lee", address: "kim@example.com" });
    expect(parseAddress('"Lee, Kim" <kim@example.com>')).toEqual({ name: "Lee, Kim", address: "kim@example.com" });
    expect(parseAddress("<kim@example.com>")).toEqual({ name: null, address: "kim@example.com" });
    expect(parseAddress("mailto:kim@example.com")).toEqual({ name: null, address: "kim@example.com" });
    expect(parseAddress("Jürgen Groß <juergen@beispiel.de>")).toEqual({ name: "Jürgen Groß", address: "juergen@beispiel.de" });
  });

  it("refuses what is not an address", () => {
    for (const input of ["", "kim", "kim@", "@example.com", "kim@example", "kim example@x.com", "Kim <kim>", "a@b@c.com"]) {
      expect(parseAddress(input), input).toBeNull();
    }
  });

  it("writes a name with commas or quotes in quotes, so that it reads back the same", () => {
    expect(formatAddress({ name: null, address: "kim@example.com" })).toBe("kim@example.com");
    expect(formatAddress({ name: "Kim Lee", address: "kim@example.com" })).toBe("Kim Lee <kim@example.com>");
    const odd = { name: 'Lee, Kim "KL"', address: "kim@example.com" };
    expect(formatAddress(odd)).toBe('"Lee, Kim \\"KL\\"" <kim@example.com>');
    expect(parseAddress(formatAddress(odd))).toEqual(odd);
  });

  it("splits a pasted list at commas and semicolons, but not inside quotes or angle brackets", () => {
    expect(splitAddressList('a@x.com, "Lee, Kim" <kim@example.com>; b@y.org\nc@z.de,,')).toEqual(["a@x.com", '"Lee, Kim" <kim@example.com>', "b@y.org", "c@z.de"]);
  });

  it("keeps the valid addresses of a list, once each, and gives back the rest", () => {
    expect(parseAddressList(["Kim <KIM@example.com>, kim@example.com", "nonsense", "max@example.com"])).toEqual({
      addresses: [
        { name: "Kim", address: "kim@example.com" },
        { name: null, address: "max@example.com" },
      ],
      invalid: ["nonsense"],
    });
  });

  it("keeps the first of repeated addresses, with the first name given", () => {
    expect(
      uniqueRecipients([
        { name: null, address: "Kim@example.com" },
        { name: "Kim Lee", address: "kim@example.com" },
        { name: "Other", address: "kim@example.com" },
      ]),
    ).toEqual([{ name: "Kim Lee", address: "kim@example.com" }]);
  });

  it("leaves out whoever is already a recipient elsewhere", () => {
    const kim = { name: "Kim", address: "kim@example.com" };
    const max = { name: null, address: "max@example.com" };
    expect(withoutRecipients([kim, max], [{ name: null, address: "KIM@example.com" }])).toEqual([max]);
  });
});
