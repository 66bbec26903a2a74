// Starts the GOV.UK Design System's JavaScript components (menus, error summary focus, etc.).
import { initAll } from "../build/govuk/govuk-frontend.min.js";

initAll();
