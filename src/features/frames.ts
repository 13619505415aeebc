/**
 * Every capability's registrations with the shared frames (deadline sources, rule sets,
 * evidence providers). Imported once by the app, the CLI and the job runner.
 */
import './contracts/contracts.frames.js';
import './questions/questions.frames.js';
import './milestones/milestones.frames.js';
import './invoices/invoices.frames.js';
import './usage/usage.frames.js';
