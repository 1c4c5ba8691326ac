export { Toast, type ToastOptions, type ToastProps, ToastProvider, type ToastTone, useToast } from './toast.tsx';
