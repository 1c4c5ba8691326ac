export { BackofficeShell, type BackofficeShellProps } from './backoffice-shell.tsx';
