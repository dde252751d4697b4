/**
 * The sample training exercise: the sample case's first archive with five questions a responder
 * answers with Loupe's normal tools (alerts table, filters, alert detail, process tree). The
 * answers are facts of the generated case (macos-case.ts); the Chromium test plays it to a full
 * score, which checks them.
 */
import { EXERCISE_FORMAT, EXERCISE_VERSION, type ExerciseManifest } from '../../src/engine/exercise/manifest.ts';

export function sampleExercise(evidenceName: string): ExerciseManifest {
  return {
    format: EXERCISE_FORMAT,
    version: EXERCISE_VERSION,
    title: 'Credential theft on the design team’s Macs',
    description:
      'The help desk forwarded Elastic Defend data from three Macs after a user reported an unexpected "Software Update" password prompt. Scan it, triage the alerts and answer the questions. Hints cost half of a question’s points.',
    timeLimitMinutes: 30,
    hintCost: 0.5,
    evidence: [`evidence/${evidenceName}`],
    rules: [],
    questions: [
      {
        id: 'host',
        text: 'Which host did the Python credential stealer run on?',
        kind: 'choice',
        options: ['build-mini-01', 'mbp-alice', 'mbp-bob'],
        answers: ['mbp-alice'],
        points: 2,
        hint: 'Filter the alerts by the rule “First Time Python Accessed Sensitive Credential Files” and compare the files each host’s Python read.',
        explanation: 'On mbp-alice, python3 read the login keychain, an SSH key, Chrome’s saved logins and cookies, then ran `security dump-keychain` and read the SystemKey.',
      },
      {
        id: 'parent',
        text: 'Which process started `security dump-keychain`? (process name)',
        kind: 'text',
        answers: ['python3', 'python'],
        points: 1,
        hint: 'Open the “Dumping of Keychain Content via Security Command” alert and read its process tree.',
        explanation: 'The keychain dump’s parent is python3: the stealer, not the user at a shell.',
      },
      {
        id: 'first-file',
        text: 'Which credential file did the stealer read first? (file name)',
        kind: 'text',
        answers: ['login.keychain-db', '/Users/alice/Library/Keychains/login.keychain-db'],
        points: 1,
        hint: 'Sort mbp-alice’s alerts by time.',
        explanation: 'login.keychain-db at 14:17:46, then id_ed25519, Login Data and Cookies.binarycookies.',
      },
      {
        id: 'kerberos',
        text: 'Which rule caught the Kerberos credential cache being copied on mbp-bob?',
        kind: 'rule',
        answers: ['Kerberos Cached Credentials Dumping'],
        points: 1,
        explanation: '`kcc copy_cred_cache` copies a Kerberos ticket cache: Kerberos Cached Credentials Dumping.',
      },
      {
        id: 'ci-verdict',
        text: 'The “First Time Python Accessed Sensitive Credential Files” alerts on build-mini-01 are:',
        kind: 'choice',
        options: ['true positive', 'false positive', 'benign positive'],
        answers: ['false positive', 'benign positive'],
        points: 1,
        hint: 'Which files did Python read there, and which user ran it?',
        explanation: 'The CI user’s Python read its own project files (conftest.py, requirements.txt, pyproject.toml): no credential was touched.',
      },
    ],
  };
}
