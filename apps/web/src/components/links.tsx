import { Anchor, Button, NavLink, type AnchorProps, type ButtonProps, type NavLinkProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { forwardRef, type AnchorHTMLAttributes } from 'react';

/**
 * Mantine's anchors, buttons and nav links as router links: typed routes and params, preloading on intent, and a
 * real <a href> for the browser (middle-click, copy link).
 */
const MantineAnchor = forwardRef<HTMLAnchorElement, AnchorProps & AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => <Anchor ref={ref} {...props} />);
const MantineButton = forwardRef<HTMLAnchorElement, ButtonProps & AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => <Button ref={ref} component="a" {...props} />);
const MantineNavLink = forwardRef<HTMLAnchorElement, NavLinkProps & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'children'>>((props, ref) => <NavLink ref={ref} component="a" {...props} />);

const CreatedAnchor = createLink(MantineAnchor);
const CreatedButton = createLink(MantineButton);
const CreatedNavLink = createLink(MantineNavLink);

export const AnchorLink: LinkComponent<typeof MantineAnchor> = (props) => <CreatedAnchor preload="intent" {...props} />;
export const ButtonLink: LinkComponent<typeof MantineButton> = (props) => <CreatedButton preload="intent" {...props} />;
export const NavLinkLink: LinkComponent<typeof MantineNavLink> = (props) => <CreatedNavLink preload="intent" {...props} />;
