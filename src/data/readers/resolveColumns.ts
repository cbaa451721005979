// Maps the columns found in a file to the roles of a transaction (customer, date, amount and the optional ones).

/** Column names for each role. Unset roles are looked up among common aliases (case and punctuation ignored). */
export interface ColumnNames {
  /** Default: customer_id, or an alias (customer, customerid, cust_id, client_id, user_id, member_id, account_id). */
  customer?: string;
  /** Default: date, or an alias (timestamp, datetime, order_date, purchase_date, transaction_date, invoice_date, invoicedate, created_at, time). */
  date?: string;
  /** Default: amount, or an alias (sales, revenue, spend, value, total, dollar_value, net_amount, order_value, sale_amount, monetary_value). */
  amount?: string;
  /** Optional. Default: order_id, or an alias (orderid, order, invoice, invoice_no, invoiceno, transaction_id). */
  orderId?: string;
  /** Optional. Default: quantity, or an alias (qty, units, number_of_cds). */
  quantity?: string;
  /** Optional. Default: product, or an alias (product_id, sku, item, stockcode). */
  product?: string;
  /** Optional. Default: cost, or an alias (cogs, cost_of_goods, unit_cost_total). */
  cost?: string;
  /** Optional, used when there is no cost column: cost = amount − margin. Default: margin, or an alias (gross_margin, profit). */
  margin?: string;
}

export type Role = keyof ColumnNames;

const ALIASES: Record<Role, string[]> = {
  customer: ["customer_id", "customerid", "customer", "cust_id", "client_id", "user_id", "member_id", "account_id"],
  date: ["date", "timestamp", "datetime", "order_date", "purchase_date", "transaction_date", "invoice_date", "invoicedate", "created_at", "time"],
  amount: ["amount", "sales", "revenue", "spend", "value", "total", "dollar_value", "net_amount", "order_value", "sale_amount", "monetary_value"],
  orderId: ["order_id", "orderid", "order", "invoice", "invoice_no", "invoiceno", "transaction_id"],
  quantity: ["quantity", "qty", "units", "number_of_cds"],
  product: ["product", "product_id", "sku", "item", "stockcode"],
  cost: ["cost", "cogs", "cost_of_goods", "unit_cost_total"],
  margin: ["margin", "gross_margin", "profit"],
};

const FLAG: Record<Role, string> = {
  customer: "--customer-col",
  date: "--date-col",
  amount: "--amount-col",
  orderId: "",
  quantity: "",
  product: "",
  cost: "",
  margin: "",
};

/** Names (normalized) that look like a required role without being an alias: another date, another id. */
const LOOSE: Record<Role, RegExp> = {
  customer: /^(customer|client|cust)(id|no|number|code)?$/,
  date: /date$/,
  amount: /^(amount|revenue|sales)$/,
  orderId: /^$/,
  quantity: /^$/,
  product: /^$/,
  cost: /^$/,
  margin: /^$/,
};

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Column index of each role (-1 when an optional role is absent) and the attribute columns kept. */
export interface ResolvedColumns {
  customer: number;
  date: number;
  amount: number;
  orderId: number;
  quantity: number;
  product: number;
  cost: number;
  /** Margin column, only when there is no cost column (-1 otherwise). */
  margin: number;
  attributes: Array<{ name: string; index: number }>;
}

/**
 * Resolves roles against the columns `found` in `file`. A missing required column (or any column named
 * explicitly but absent) throws, naming it and listing the columns found.
 */
export function resolveColumns(found: readonly string[], names: ColumnNames, attributes: "all" | "none" | readonly string[], file: string, amountRequired = true): ResolvedColumns {
  const used = new Set<number>();
  const list = found.map((f) => JSON.stringify(f)).join(", ");
  const find = (role: Role, required: boolean): number => {
    const given = names[role];
    let idx = -1;
    if (given !== undefined) {
      idx = found.indexOf(given);
      if (idx < 0) idx = found.findIndex((f) => f.toLowerCase() === given.toLowerCase());
      if (idx < 0) {
        throw new Error(`missing column ${JSON.stringify(given)} (${role}) in ${file}: found columns ${list}; check the name${FLAG[role] ? ` given to ${FLAG[role]}` : ""} or columns.${role}`);
      }
    } else {
      const normalized = found.map(norm);
      for (const alias of ALIASES[role]) {
        idx = normalized.findIndex((f, i) => f === norm(alias) && !used.has(i));
        if (idx >= 0) break;
      }
      if (required) {
        // Two columns that could both be the role (two customer_id, amount and revenue, order_date and ship_date) are never a silent pick.
        const candidates = found.filter((f, i) => !used.has(i) && (ALIASES[role].some((a) => norm(a) === normalized[i]) || LOOSE[role].test(normalized[i]!)));
        if (candidates.length > 1) {
          throw new Error(`ambiguous ${role} column in ${file}: ${candidates.map((c) => JSON.stringify(c)).join(", ")} could each be it; name the one to use with columns.${role} (CLI ${FLAG[role]} ${JSON.stringify(candidates[0])})`);
        }
      }
      if (idx < 0 && required) {
        throw new Error(`missing required column "${role === "customer" ? "customer_id" : role}" in ${file}: found columns ${list}; name the ${role} column with columns.${role}${FLAG[role] ? ` (CLI ${FLAG[role]})` : ""}`);
      }
    }
    if (idx >= 0) used.add(idx);
    return idx;
  };
  const r: ResolvedColumns = {
    customer: find("customer", true),
    date: find("date", true),
    // Count data (no amount column) is loaded with amountRequired false: amount is then -1 and every row a purchase of 0.
    amount: amountRequired ? find("amount", true) : -1,
    orderId: find("orderId", false),
    quantity: find("quantity", false),
    product: find("product", false),
    cost: find("cost", false),
    margin: -1,
    attributes: [],
  };
  if (r.cost < 0) r.margin = find("margin", false);
  if (attributes === "all") {
    found.forEach((name, index) => {
      if (!used.has(index) && name !== "") r.attributes.push({ name, index });
    });
  } else if (attributes !== "none") {
    for (const name of attributes) {
      const index = found.indexOf(name);
      if (index < 0) throw new Error(`missing attribute column ${JSON.stringify(name)} in ${file}: found columns ${list}`);
      r.attributes.push({ name, index });
    }
  }
  return r;
}
