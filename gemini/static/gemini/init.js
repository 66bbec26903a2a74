// Starts the GOV.UK Design System's JavaScript components (menus, error summary focus, etc.)
// and lets wide tables scroll inside themselves (tables.js).
import { initAll } from "../build/govuk/govuk-frontend.min.js";
import { scrollTables } from "./tables.js";

initAll();
scrollTables();
