import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { demoImage } from '../../utils/demo-images.ts';
import { ProductGallery } from './product-gallery.tsx';

const images = ['side', 'top', 'sole', 'detail'].map((view) => ({
  src: demoImage('product', `shoe-${view}`),
  alt: `Ridgeline trail running shoe in moss green, ${view} view`,
}));

const meta = {
  title: 'Organisms/ProductGallery',
  component: ProductGallery,
  args: { images, productName: 'Ridgeline trail running shoe' },
  decorators: [(Story) => <div style={{ maxWidth: 480 }}>{Story()}</div>],
} satisfies Meta<typeof ProductGallery>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Multiple: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('img', { name: /side view/ })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Next image' }));
    await expect(canvas.getByRole('img', { name: /top view/ })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Image 2 of 4' })).toHaveAttribute('aria-current', 'true');
    // keyboard on the thumbnails: arrows move and wrap, End jumps
    canvas.getByRole('button', { name: 'Image 2 of 4' }).focus();
    await userEvent.keyboard('{ArrowRight}');
    await expect(canvas.getByRole('button', { name: 'Image 3 of 4' })).toHaveFocus();
    await expect(canvas.getByRole('img', { name: /sole view/ })).toBeVisible();
    await userEvent.keyboard('{End}{ArrowRight}');
    await expect(canvas.getByRole('button', { name: 'Image 1 of 4' })).toHaveFocus();
  },
};

export const StartsOnThird: Story = { args: { defaultIndex: 2 } };

export const Single: Story = {
  args: { images: images.slice(0, 1) },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByRole('button')).toBeNull();
  },
};

export const NoImages: Story = { args: { images: [] } };
