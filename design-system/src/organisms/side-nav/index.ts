export { SideNav, type SideNavItem, type SideNavProps, type SideNavSection } from './side-nav.tsx';
